"""Creating a VM: the OS database, install media, host capabilities, validation, the domain XML and the creation job."""
