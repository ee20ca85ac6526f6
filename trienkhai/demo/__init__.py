"""Demo data built from the source article (a 2022 working session in Ho Chi Minh City)."""
