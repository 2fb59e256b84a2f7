import Gallery

extension APIError {
    /// Gallery failures: the client's batch or query problems are 4xx; disk and data-directory
    /// problems are the server's (503, so load balancers retry elsewhere).
    init(gallery e: GalleryError) {
        switch e {
        case .invalidItem, .duplicateID, .invalidQuery: self.init(422, "invalid_field", e.description)
        case .invalidBatch: self.init(413, "batch_too_large", e.description)
        case .missingImage: self.init(422, "missing_image", e.description)
        default: self.init(503, "storage_unavailable", e.description, retryAfter: 5)
        }
    }
}
