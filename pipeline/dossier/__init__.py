"""Dossier stacks: a scan of several dossiers, each starting at its receipt, split into one
document per dossier (see :mod:`pipeline.dossier.split`)."""
