"""What runs the shop's processes outside a container orchestrator (`make run`, `make serve`)."""
