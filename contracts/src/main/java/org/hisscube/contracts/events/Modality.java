package org.hisscube.contracts.events;

/** Which data a feature vector or a model is built from. */
public enum Modality {
    IMAGE, SPECTRUM, PHOTOMETRY, MULTI
}
