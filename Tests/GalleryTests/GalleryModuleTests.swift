import XCTest
@testable import Gallery

final class GalleryModuleTests: XCTestCase {
    func testModuleLinks() { _ = GalleryModule.self }
}
