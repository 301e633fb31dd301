"""Event mode: live card scanning, photo batches, quick add, my card, counters and the summary."""
