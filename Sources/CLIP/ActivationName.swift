import ModelIO
import Tensor

extension Activation {
    /// The activation named by a config's `hidden_act`.
    static func named(_ name: String, file: String) throws(ModelLoadError) -> Activation {
        guard let a = Activation(rawValue: name) else {
            throw .badConfig(file: file, detail: "hidden_act \"\(name)\" is not supported (quick_gelu, gelu)")
        }
        return a
    }
}
