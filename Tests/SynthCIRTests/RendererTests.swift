import ImageIO
import XCTest
@testable import SynthCIR

final class RendererTests: XCTestCase {
    private let background = RGB8(230, 235, 240)

    private func pixel(_ r: SynthRaster, _ x: Int, _ y: Int) -> RGB8 {
        let o = (y * r.width + x) * 3
        return RGB8(r.pixels[o], r.pixels[o + 1], r.pixels[o + 2])
    }

    private func scene(_ objects: [SceneObject]) -> SynthScene { SynthScene(background: background, objects: objects) }

    func testSolidObjectFillsItsCellCentreAndLeavesCornersToTheBackground() {
        for shape in SynthShape.allCases {
            let o = SceneObject(id: 0, shape: shape, color: .blue, size: .large, texture: .solid, cell: GridCell(4))
            let r = SceneRenderer.render(scene([o]), size: 64)
            XCTAssertEqual(pixel(r, 32, 32), SynthColor.blue.rgb, "\(shape) centre")
            for (x, y) in [(0, 0), (63, 0), (0, 63), (63, 63), (32, 2), (2, 32)] {
                XCTAssertEqual(pixel(r, x, y), background, "\(shape) at \(x),\(y)")
            }
        }
    }

    func testCellsPlaceObjectsOnTheGrid() {
        let o = SceneObject(id: 0, shape: .square, color: .red, size: .large, texture: .solid, cell: GridCell(0))
        let r = SceneRenderer.render(scene([o]), size: 60)
        XCTAssertEqual(pixel(r, 10, 10), SynthColor.red.rgb)
        XCTAssertEqual(pixel(r, 50, 50), background)
        var moved = o
        moved.cell = GridCell(8)
        let m = SceneRenderer.render(scene([moved]), size: 60)
        XCTAssertEqual(pixel(m, 50, 50), SynthColor.red.rgb)
        XCTAssertEqual(pixel(m, 10, 10), background)
    }

    func testLargeCoversMoreThanSmallAndTexturesShowTheirSecondTone() {
        func count(_ r: SynthRaster, _ c: RGB8) -> Int {
            (0..<r.height).reduce(0) { n, y in n + (0..<r.width).filter { pixel(r, $0, y) == c }.count }
        }
        let small = SceneObject(id: 0, shape: .circle, color: .green, size: .small, texture: .solid, cell: GridCell(4))
        var large = small
        large.size = .large
        let smallArea = count(SceneRenderer.render(scene([small]), size: 64, supersampling: 1), SynthColor.green.rgb)
        let largeArea = count(SceneRenderer.render(scene([large]), size: 64, supersampling: 1), SynthColor.green.rgb)
        XCTAssertGreaterThan(largeArea, 2 * smallArea)
        for texture in SynthTexture.allCases where texture != .solid {
            var t = large
            t.texture = texture
            let r = SceneRenderer.render(scene([t]), size: 64, supersampling: 1)
            let share = Double(count(r, SynthColor.green.patternRGB)) / Double(largeArea)
            XCTAssertTrue((0.1...0.6).contains(share), "\(texture): pattern covers \(share) of the object")
        }
    }

    /// Without supersampling every pixel is one of the scene's colours; with it, edges blend.
    func testSupersamplingBlendsEdgesOnly() {
        let o = SceneObject(id: 0, shape: .circle, color: .black, size: .large, texture: .solid, cell: GridCell(4))
        let hard = SceneRenderer.render(scene([o]), size: 64, supersampling: 1)
        let soft = SceneRenderer.render(scene([o]), size: 64, supersampling: 4)
        let allowed: Set<RGB8> = [background, SynthColor.black.rgb]
        XCTAssertTrue((0..<64 * 64).allSatisfy { allowed.contains(pixel(hard, $0 % 64, $0 / 64)) })
        XCTAssertTrue((0..<64 * 64).contains { !allowed.contains(pixel(soft, $0 % 64, $0 / 64)) })
        XCTAssertEqual(pixel(soft, 32, 32), SynthColor.black.rgb)
    }

    func testPNGEncoderRoundTripsArbitraryPixelsThroughEveryFilter() throws {
        var rng = SplitMix64(seed: 3)
        // Noise, gradients and flat runs make the heuristic pick different row filters.
        var pixels: [UInt8] = []
        for y in 0..<9 {
            for x in 0..<13 {
                for c in 0..<3 {
                    switch y % 3 {
                    case 0: pixels.append(UInt8(rng.below(256)))
                    case 1: pixels.append(UInt8((x * 19 + c * 7) & 0xFF))
                    default: pixels.append(UInt8(y * 20))
                    }
                }
            }
        }
        let raster = SynthRaster(width: 13, height: 9, pixels: pixels)
        for level in [0, 1, 9] {
            let png = try PNGEncoder.encode(raster, level: level)
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            let decoded = try ImageDecoder.decode(png).pixels
            XCTAssertEqual(decoded, pixels, "level \(level)")
        }
    }
}
