"""Understanding what was read: fields, document types and codes found in page text."""
