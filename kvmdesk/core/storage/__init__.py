"""Storage pools and volumes: reading them, creating, resizing, cloning, uploading and deleting."""
