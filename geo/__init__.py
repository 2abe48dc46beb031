"""Pure data and geometry functions for the regional-commands map (no streamlit here)."""
