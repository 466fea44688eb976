"""Made-up records for trying the program and for benchmarks."""
