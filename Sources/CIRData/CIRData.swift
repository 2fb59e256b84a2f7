// CIRData: training manifests and the CIRR release layout (issue 4).
