"""pocdoc: assistant."""
