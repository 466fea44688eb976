"""Staff: accounts, passwords and what each role may do."""
