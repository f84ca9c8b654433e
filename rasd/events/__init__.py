"""Events: the CODEBOOK taxonomy and the coder that turns mentions into events and signals."""
