"""Getting customer books in from files: reading, column mapping, validation."""
