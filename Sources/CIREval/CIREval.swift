// CIREval: the CIRR and CIRCO evaluation protocols (issue 4).
