"""Chinese full-text search: jieba segmentation + indexed character bigrams."""
