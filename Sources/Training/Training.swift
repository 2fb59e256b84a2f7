// Training: model gradients, losses, optimizer, trainer (issue 4).
