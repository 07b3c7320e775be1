"""A VM's settings: one value object per section, validated, applied live and to the configuration."""
