"""Generator of the sample scans: layout, forms, papers, scanner simulation, writers."""
