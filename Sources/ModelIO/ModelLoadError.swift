/// Why a model directory could not be loaded. Every case names the file and, where there is one,
/// the tensor, so the message says what to fix.
public enum ModelLoadError: Error, Equatable, CustomStringConvertible {
    case missingFile(String)
    case badConfig(file: String, detail: String)
    case file(SafeTensorsError)
    case missingTensor(file: String, name: String)
    case wrongShape(file: String, name: String, expected: [Int], actual: [Int])
    case wrongDType(file: String, name: String, dtype: String)
    case unknownTensors(file: String, names: [String])

    public var description: String {
        switch self {
        case .missingFile(let p): "missing file \(p)"
        case .badConfig(let f, let d): "\(f): \(d)"
        case .file(let e): e.description
        case .missingTensor(let f, let n): "\(f): missing tensor \(n)"
        case .wrongShape(let f, let n, let e, let a): "\(f): tensor \(n) has shape \(a), expected \(e)"
        case .wrongDType(let f, let n, let d): "\(f): tensor \(n) has dtype \(d); weights must be F32, F16 or BF16"
        case .unknownTensors(let f, let names):
            "\(f): \(names.count) unknown tensor(s), e.g. \(names.prefix(5).joined(separator: ", ")); is this a CLIP / ConText-CIR checkpoint?"
        }
    }
}
