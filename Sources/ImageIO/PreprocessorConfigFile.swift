import Foundation

/// The raw JSON shape of `preprocessor_config.json`. Decoded with `JSONDecoder` because Linux
/// `JSONSerialization` turns fractions into `NSDecimalNumber`, whose `doubleValue` is not the
/// correctly rounded double (0.00392156862745098 would not be 1/255).
struct PreprocessorConfigFile: Decodable {
    /// An int or a `{"shortest_edge" | "height" | "width": int}` object.
    enum Size: Decodable {
        case int(Int)
        case dict([String: Int])
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .dict(try c.decode([String: Int].self)) }
        }
    }

    /// A number (applied to all channels) or a list.
    enum Numbers: Decodable {
        case one(Double)
        case list([Double])
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let d = try? c.decode(Double.self) { self = .one(d) } else { self = .list(try c.decode([Double].self)) }
        }
        var values: [Double] {
            switch self {
            case .one(let d): return [d, d, d]
            case .list(let l): return l
            }
        }
    }

    var do_resize: Bool?
    var size: Size?
    var resample: Int?
    var do_center_crop: Bool?
    var crop_size: Size?
    var do_rescale: Bool?
    var rescale_factor: Double?
    var do_normalize: Bool?
    var image_mean: Numbers?
    var image_std: Numbers?
    var do_convert_rgb: Bool?
    var use_square_size: Bool?
    var crop_offset_rounding: String?
    var apply_exif_orientation: Bool?
    var alpha_background: [Int]?

    /// Decodes, naming the offending key on failure.
    static func parse(_ json: Data) throws(PreprocessConfigError) -> PreprocessorConfigFile {
        do {
            return try JSONDecoder().decode(PreprocessorConfigFile.self, from: json)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
                let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .invalid(key: key, reason: context.debugDescription)
        } catch {
            throw .invalid(key: "", reason: "not a JSON object: \(error)")
        }
    }
}
