public enum TensorModule {}
