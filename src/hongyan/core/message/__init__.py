"""Mail messages: decoding (:mod:`.decode`), the reader's view, HTML and attachments."""
