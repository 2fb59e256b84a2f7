import CKernels

/// An owned, 64-byte-aligned, contiguous float buffer: the storage of weights and activations.
///
/// Weights are written once at load time and only read afterwards, which is why the class can be
/// shared across threads (`@unchecked Sendable`): callers that mutate a shared buffer after
/// publishing it break that contract.
public final class FloatBuffer: @unchecked Sendable {
    /// Number of floats.
    public let count: Int
    /// The storage. Valid for the buffer's lifetime.
    public let pointer: UnsafeMutablePointer<Float>

    /// Allocates `count` floats, zero-filled.
    public init(count: Int) {
        precondition(count >= 0, "negative buffer size")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
        origin = .swift
    }

    /// Allocates `count` zeros whose pages take memory only once written (mmap): for big arenas
    /// that are partly never written, like the gradients and AdamW moments of a frozen backbone
    /// (1.8 GB of a ViT-B/32 run that never touches them). Reading an unwritten part is fine.
    public init(lazyZeroCount count: Int) {
        precondition(count >= 0, "negative buffer size")
        self.count = count
        guard let raw = ckernels_alloc_zeroed(max(count, 1) * MemoryLayout<Float>.stride) else {
            fatalError("out of memory mapping \(count) floats")
        }
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        origin = .mapped
    }

    /// Where `pointer` came from, which decides how it is freed.
    private enum Origin { case swift, large, mapped }
    private let origin: Origin

    /// Allocates `count` floats left uninitialised, for producers that write every element (the
    /// weight packing: skipping the zero fill saves a pass over ~600 MB at load), from
    /// `ckernels_alloc_large`: transparent huge pages for big buffers (fewer page faults at load,
    /// fewer TLB misses while weights stream through inference).
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "negative buffer size")
        self.count = count
        guard let raw = ckernels_alloc_large(max(count, 1) * MemoryLayout<Float>.stride) else {
            fatalError("out of memory allocating \(count) floats")
        }
        pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        origin = .large
        if count == 0 { pointer.initialize(to: 0) }
    }

    /// Returns the allocator's free heap memory to the system. Call after a burst of large
    /// transient buffers (a model load): glibc keeps freed heap space mapped otherwise.
    public static func releaseFreedMemory() { ckernels_trim_heap() }

    /// Allocates a buffer holding a copy of `values`.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { pointer.update(from: base, count: values.count) }
        }
    }

    deinit {
        switch origin {
        case .swift: UnsafeMutableRawPointer(pointer).deallocate()
        case .large: ckernels_free_large(pointer)
        case .mapped: ckernels_free_zeroed(pointer, max(count, 1) * MemoryLayout<Float>.stride)
        }
    }

    /// The contents as a buffer pointer.
    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: pointer, count: count) }

    /// A copy of the contents.
    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
