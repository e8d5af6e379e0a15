"""Messages: decoding, viewing and composing."""
