"""pocdoc's front ends: the ``pocdoc`` command line (:mod:`ui.cli`) and the Streamlit app
(:mod:`ui.app`), both composition only. Nothing is imported here.
"""
