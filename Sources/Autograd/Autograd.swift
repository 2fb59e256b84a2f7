// Autograd: forward/backward pairs of every layer the model trains (issue 4, DESIGN §6).
