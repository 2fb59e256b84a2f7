/// The two center-crop conventions of `CropOffsetRounding`, including their zero padding.
enum CenterCrop {
    static func apply(_ image: RGBImage, height: Int, width: Int, rounding: CropOffsetRounding) -> RGBImage {
        switch rounding {
        case .floor: return transformers(image, cropHeight: height, cropWidth: width)
        case .halfEven: return torchvision(image, cropHeight: height, cropWidth: width)
        }
    }

    /// Python floor division (rounds toward negative infinity).
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Copies the window rows `top..<bottom`, columns `left..<right` of `image` placed at
    /// (`padTop`, `padLeft`) on a zero canvas; indices are canvas coordinates.
    private static func window(_ image: RGBImage, padTop: Int, padLeft: Int,
                               top: Int, bottom: Int, left: Int, right: Int) -> RGBImage {
        let outH = max(bottom - top, 0), outW = max(right - left, 0)
        var out = [UInt8](repeating: 0, count: outH * outW * 3)
        for y in 0..<outH {
            let sy = top + y - padTop
            guard sy >= 0 && sy < image.height else { continue }
            for x in 0..<outW {
                let sx = left + x - padLeft
                guard sx >= 0 && sx < image.width else { continue }
                let s = (sy * image.width + sx) * 3, d = (y * outW + x) * 3
                out[d] = image.pixels[s]; out[d + 1] = image.pixels[s + 1]; out[d + 2] = image.pixels[s + 2]
            }
        }
        return RGBImage(width: outW, height: outH, pixels: out)
    }

    /// transformers `image_transforms.center_crop`, padding branch included.
    static func transformers(_ image: RGBImage, cropHeight: Int, cropWidth: Int) -> RGBImage {
        let h = image.height, w = image.width
        var top = floorDiv(h - cropHeight, 2), left = floorDiv(w - cropWidth, 2)
        var bottom = top + cropHeight, right = left + cropWidth
        if top >= 0 && bottom <= h && left >= 0 && right <= w {
            return window(image, padTop: 0, padLeft: 0, top: top, bottom: bottom, left: left, right: right)
        }
        let newH = max(cropHeight, h), newW = max(cropWidth, w)
        let topPad = floorDiv(newH - h, 2), leftPad = floorDiv(newW - w, 2)
        top += topPad; bottom += topPad; left += leftPad; right += leftPad
        return window(image, padTop: topPad, padLeft: leftPad,
                      top: max(0, top), bottom: min(newH, bottom), left: max(0, left), right: min(newW, right))
    }

    /// Where a center crop of a `width` x `height` image takes its pixels, without the pixels:
    /// output pixel (x, y) is image pixel (`offsetX + x`, `offsetY + y`) when that lies inside
    /// the image, zero padding otherwise. Same arithmetic as `transformers` / `torchvision` below,
    /// so the windowed resize can compute just the kept part of the resized image.
    struct Plan: Equatable {
        let width: Int
        let height: Int
        let offsetX: Int
        let offsetY: Int

        /// The image columns the output shows (empty when it is all padding).
        func sourceColumns(imageWidth: Int) -> Range<Int> { Self.clamp(offsetX, width, imageWidth) }
        /// The image rows the output shows (empty when it is all padding).
        func sourceRows(imageHeight: Int) -> Range<Int> { Self.clamp(offsetY, height, imageHeight) }

        private static func clamp(_ offset: Int, _ count: Int, _ size: Int) -> Range<Int> {
            let lo = min(max(offset, 0), size), hi = max(min(offset + count, size), lo)
            return lo..<hi
        }

        /// The crop output, given `region` = the image's `sourceColumns` x `sourceRows`.
        func place(_ region: RGBImage, columns: Range<Int>, rows: Range<Int>) -> RGBImage {
            precondition(region.width == columns.count && region.height == rows.count)
            if columns.count == width && rows.count == height { return region }
            var out = [UInt8](repeating: 0, count: width * height * 3)
            let dx = columns.lowerBound - offsetX, dy = rows.lowerBound - offsetY
            let rowBytes = region.width * 3
            for y in 0..<region.height {
                let d = ((dy + y) * width + dx) * 3
                out[d..<d + rowBytes] = region.pixels[y * rowBytes..<(y + 1) * rowBytes]
            }
            return RGBImage(width: width, height: height, pixels: out)
        }
    }

    static func plan(width w: Int, height h: Int, cropHeight: Int, cropWidth: Int,
                     rounding: CropOffsetRounding) -> Plan {
        switch rounding {
        case .floor:
            var top = floorDiv(h - cropHeight, 2), left = floorDiv(w - cropWidth, 2)
            var bottom = top + cropHeight, right = left + cropWidth
            if top >= 0 && bottom <= h && left >= 0 && right <= w {
                return Plan(width: cropWidth, height: cropHeight, offsetX: left, offsetY: top)
            }
            let newH = max(cropHeight, h), newW = max(cropWidth, w)
            let topPad = floorDiv(newH - h, 2), leftPad = floorDiv(newW - w, 2)
            top += topPad; bottom += topPad; left += leftPad; right += leftPad
            top = max(0, top); bottom = min(newH, bottom); left = max(0, left); right = min(newW, right)
            return Plan(width: max(right - left, 0), height: max(bottom - top, 0),
                        offsetX: left - leftPad, offsetY: top - topPad)
        case .halfEven:
            var ph = h, pw = w, padTop = 0, padLeft = 0
            if cropWidth > w || cropHeight > h {
                padLeft = cropWidth > w ? (cropWidth - w) / 2 : 0
                padTop = cropHeight > h ? (cropHeight - h) / 2 : 0
                pw += padLeft + (cropWidth > w ? (cropWidth - w + 1) / 2 : 0)
                ph += padTop + (cropHeight > h ? (cropHeight - h + 1) / 2 : 0)
            }
            let top = Int((Double(ph - cropHeight) / 2).rounded(.toNearestOrEven))
            let left = Int((Double(pw - cropWidth) / 2).rounded(.toNearestOrEven))
            return Plan(width: cropWidth, height: cropHeight, offsetX: left - padLeft, offsetY: top - padTop)
        }
    }

    /// torchvision `transforms.functional.center_crop`.
    static func torchvision(_ image: RGBImage, cropHeight: Int, cropWidth: Int) -> RGBImage {
        var h = image.height, w = image.width
        var padTop = 0, padLeft = 0
        if cropWidth > w || cropHeight > h {
            padLeft = cropWidth > w ? (cropWidth - w) / 2 : 0
            padTop = cropHeight > h ? (cropHeight - h) / 2 : 0
            let padRight = cropWidth > w ? (cropWidth - w + 1) / 2 : 0
            let padBottom = cropHeight > h ? (cropHeight - h + 1) / 2 : 0
            w += padLeft + padRight
            h += padTop + padBottom
        }
        // round((h - crop) / 2.0) with ties to even; the difference is >= 0 here.
        let top = Int((Double(h - cropHeight) / 2).rounded(.toNearestOrEven))
        let left = Int((Double(w - cropWidth) / 2).rounded(.toNearestOrEven))
        return window(image, padTop: padTop, padLeft: padLeft,
                      top: top, bottom: top + cropHeight, left: left, right: left + cropWidth)
    }
}
