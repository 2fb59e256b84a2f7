// SynthCIR: the seeded synthetic composed-image-retrieval benchmark (issue 4).
