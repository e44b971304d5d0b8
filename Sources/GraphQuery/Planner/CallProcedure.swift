// CALL: runs a procedure per input row and binds its yielded fields.

final class CallProcedure: SingleInputOperator, LogicalOperator {
    let procedure: Procedure
    let arguments: [Expression]
    let yields: [(field: String, slot: Int)]

    init(input: any LogicalOperator, procedure: Procedure, arguments: [Expression], yields: [(field: String, slot: Int)]) {
        self.procedure = procedure
        self.arguments = arguments
        self.yields = yields
        super.init(input: input)
    }

    var name: String { "CallProcedure" }
    var details: String { procedure.name }
}
