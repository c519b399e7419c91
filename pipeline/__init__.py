"""IMR determination letters → normalized warehouse tables."""
