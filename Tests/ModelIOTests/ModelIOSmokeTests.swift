import XCTest
@testable import ModelIO

final class ModelIOSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
