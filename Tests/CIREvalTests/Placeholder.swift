// Tests for CIREval.
