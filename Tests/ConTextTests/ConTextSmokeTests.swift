import XCTest
@testable import ConText

final class ConTextSmokeTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
