"""pocdoc: ui."""
