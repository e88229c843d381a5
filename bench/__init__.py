"""Lore's page benchmark (``make bench``): see bench/README.md."""
