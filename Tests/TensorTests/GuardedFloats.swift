import Foundation

/// `count` floats that end exactly where an inaccessible page begins, so a kernel that reads or
/// writes even one element past the end faults at once instead of quietly corrupting the heap
/// (a fault kills the test run, which names the test it was in).
final class GuardedFloats {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    private let base: UnsafeMutableRawPointer
    private let length: Int

    init(_ values: [Float]) {
        count = values.count
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let dataBytes = (max(count, 1) * MemoryLayout<Float>.stride + page - 1) / page * page
        length = dataBytes + page
        guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else { fatalError("GuardedFloats: mmap of \(length) bytes failed") }
        base = mapped
        precondition(mprotect(base + dataBytes, page, PROT_NONE) == 0, "GuardedFloats: mprotect failed")
        pointer = (base + dataBytes - count * MemoryLayout<Float>.stride).bindMemory(to: Float.self, capacity: count)
        for (i, v) in values.enumerated() { pointer[i] = v }
    }

    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    deinit { munmap(base, length) }
}
