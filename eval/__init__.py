"""pocdoc: eval."""
