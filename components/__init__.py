"""UI pieces: each takes plain data (the Atlas, ids, the language) and reads no files."""
