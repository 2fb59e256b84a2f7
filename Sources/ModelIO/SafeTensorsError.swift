/// Why a safetensors file could not be read.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(String)
    case truncated(String)
    case corruptHeader(String)

    public var description: String {
        switch self {
        case .cannotOpen(let s): "cannot open: \(s)"
        case .truncated(let s): "truncated file: \(s)"
        case .corruptHeader(let s): "corrupt header: \(s)"
        }
    }
}
