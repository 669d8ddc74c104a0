"""Pure-Python document parsing: documents → plain data. No Django import anywhere in this package."""
