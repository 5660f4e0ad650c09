"""Page images for people: PDF pages and images rendered once, bounded whatever the
file, cached in the blob store (``pages.py``). Used by the review app's evidence view
and by the nightly flow, which renders the pages of flagged files ahead of the
reviewers. Imports ``storage`` and ``verifiers``, never ``review`` or ``flows``."""
