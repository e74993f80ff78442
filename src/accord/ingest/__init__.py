"""Reading articles from files, folders, HTML pages and JSON(L) batches (see readers)."""
