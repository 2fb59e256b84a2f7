/// How the center crop places its window (our `crop_offset_rounding` config key).
public enum CropOffsetRounding: String, Sendable, Equatable {
    /// transformers' `center_crop`: offset `(size - crop) // 2`, zero padding when the crop is
    /// larger than the image (reproducing its quirk that the result can then be one row/column
    /// smaller than the crop).
    case floor
    /// torchvision's `CenterCrop`: offset `round((size - crop) / 2)` with Python's round half to
    /// even; when the crop is larger, zero padding `(d // 2, (d + 1) // 2)` first, so the result is
    /// always exactly the crop size. The ConText-CIR reference training pipeline uses this.
    case halfEven = "half_even"
}
