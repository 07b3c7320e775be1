"""Storage pools and volumes: the storage window and its dialogs."""
