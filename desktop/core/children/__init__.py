"""Children: intake, finding a returning child, search, validation and photos."""
