"""Mail messages: decoding, the reader's view, HTML, attachments and composing."""
