"""Developer scripts: rendering screenshots and other chores; not shipped in the app."""
