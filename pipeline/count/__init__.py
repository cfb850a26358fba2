"""Counting results against the plan's quotas, starting from the result register."""
