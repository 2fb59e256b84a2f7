// Tests for SynthCIR.
