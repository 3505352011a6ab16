"""The catalogue's parts: its types, its classes and profiles, and one data module per family.

Private to ``conformance.model.catalogue``, which assembles the families in their order and
is the door everything else reads; nothing here imports anything outside this package.
"""
